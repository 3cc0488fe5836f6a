package org.mjpki.serviceprovider;

/** A text that is not a canonical return URL; its message never repeats the text. */
public class MalformedReturnUrlException extends IllegalArgumentException {

    private final ReturnUrl.Problem problem;

    public MalformedReturnUrlException(ReturnUrl.Problem problem) {
        super(problem.explanation());
        this.problem = problem;
    }

    /** The same problem, saying which of several URLs it is ({@code where}, e.g. "return URL 2"). */
    public MalformedReturnUrlException(ReturnUrl.Problem problem, String where) {
        super(where + ": " + problem.explanation());
        this.problem = problem;
    }

    public ReturnUrl.Problem problem() {
        return problem;
    }
}
