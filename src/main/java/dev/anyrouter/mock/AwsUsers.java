package dev.anyrouter.mock;

import java.util.Map;

/** The AWS access keys the mock's Bedrock wire knows from the start. */
final class AwsUsers {
    /**
     * The example key pair AWS's own documentation and SigV4 test suite sign with (no real account
     * has it), so a test or a contract check can sign without registering a user first.
     */
    static final Map<String, String> DOCUMENTED = Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private AwsUsers() {}
}
