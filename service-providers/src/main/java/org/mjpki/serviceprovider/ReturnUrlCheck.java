package org.mjpki.serviceprovider;

/**
 * The answer to the Mynaportal app's question "may the signature go back to this return URL for this app?" (R17).
 * Only {@link Reason#ALLOWED} lets it go.
 *
 * @param urlProblem for {@link Reason#MALFORMED_URL}: why the text is not a canonical return URL; otherwise null
 * @param message    the reason in words; it never repeats the URL
 */
public record ReturnUrlCheck(boolean allowed, Reason reason, ReturnUrl.Problem urlProblem, String message) {

    public enum Reason {
        /** The app is registered for an active provider and the URL is, exactly, a current return URL of that provider. */
        ALLOWED("the return URL is registered for this app's service provider"),
        /** The text is not a canonical return URL ({@link ReturnUrlCheck#urlProblem} says why). */
        MALFORMED_URL("the return URL is malformed"),
        /** The app id is not of the form of an app id. */
        MALFORMED_APP_ID("the app id is malformed"),
        /** No service provider registered this app. */
        UNKNOWN_APP("no service provider registered this app"),
        /** The app's service provider is withdrawn. */
        PROVIDER_WITHDRAWN("the app's service provider is withdrawn"),
        /** The app's service provider never registered exactly this URL. */
        NOT_REGISTERED("the return URL is not registered for this app's service provider"),
        /** The app's service provider registered exactly this URL, and withdrew it. */
        URL_WITHDRAWN("the return URL was withdrawn by this app's service provider");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    public ReturnUrlCheck {
        if (allowed != (reason == Reason.ALLOWED) || (urlProblem != null) != (reason == Reason.MALFORMED_URL)) {
            throw new IllegalArgumentException("an answer is allowed exactly for ALLOWED, and has a URL problem exactly"
                    + " for MALFORMED_URL");
        }
    }

    static ReturnUrlCheck of(Reason reason) {
        return new ReturnUrlCheck(reason == Reason.ALLOWED, reason, null, reason.message);
    }

    static ReturnUrlCheck malformed(ReturnUrl.Problem problem) {
        return new ReturnUrlCheck(false, Reason.MALFORMED_URL, problem, Reason.MALFORMED_URL.message + ": "
                + problem.explanation());
    }
}
