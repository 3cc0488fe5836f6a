package org.mjpki.applet.client;

/**
 * The applet answered a command with an error status word (or a malformed response). The
 * message names the command and the status word, never secret bytes.
 */
public class AppletException extends RuntimeException {
    private final int statusWord;

    public AppletException(String message, int statusWord) {
        super(message);
        this.statusWord = statusWord;
    }

    static AppletException of(String command, int sw) {
        return new AppletException(command + " failed: SW=" + String.format("%04X", sw) + " (" + StatusWords.describe(sw) + ")", sw);
    }

    public int statusWord() {
        return statusWord;
    }
}
