package dev.anyrouter.billing;

/** How a new account's opening credit was decided; {@link #message()} is what the user is told. */
public sealed interface OpeningGrant {
    /** What the sign-up answer and page say about the grant. */
    String message();

    /** The stable word the API answers with. */
    String status();

    /** The grant was given. */
    record Granted(long micros) implements OpeningGrant {
        @Override
        public String message() {
            return "Your account starts with " + Usd.text(micros) + " of free credit.";
        }

        @Override
        public String status() {
            return "granted";
        }
    }

    /** Not given, and why (a limit was reached); the account opens at $0. */
    record Withheld(String reason) implements OpeningGrant {
        @Override
        public String message() {
            return reason;
        }

        @Override
        public String status() {
            return "withheld";
        }
    }

    /** Waiting for the account's e-mail to be verified. */
    record AwaitingEmail(long micros) implements OpeningGrant {
        @Override
        public String message() {
            return "Your free " + Usd.text(micros) + " of credit is added once you verify your e-mail address:"
                    + " follow the link we sent you.";
        }

        @Override
        public String status() {
            return "awaiting_email_verification";
        }
    }

    /** This gateway gives no opening credit. */
    record None() implements OpeningGrant {
        @Override
        public String message() {
            return "This gateway gives no free credit: add your own provider keys, or ask its operator for credits.";
        }

        @Override
        public String status() {
            return "none";
        }
    }
}
