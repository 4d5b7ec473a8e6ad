package dev.salle.bridge.http;

import java.util.Objects;

/**
 * A request is refused: answered with {@link #status()} and the JSON body
 * {@code {"error": code, "message": message}}. The message names what was wrong, with the value
 * when it is safe to repeat (never a token or secret), and what to do.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }
}
