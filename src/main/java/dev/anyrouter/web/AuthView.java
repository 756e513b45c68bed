package dev.anyrouter.web;

/** The log-in or sign-up form ({@code signup} tells which), with what to say when the last try failed, or a notice ("You are logged out."). */
record AuthView(boolean signup, String formToken, String next, String email, String error, String notice) {
    String title() {
        return signup ? "Sign up" : "Log in";
    }

    String action() {
        return signup ? "/signup" : "/login";
    }
}
