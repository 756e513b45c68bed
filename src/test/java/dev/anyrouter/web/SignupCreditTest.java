package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opening grant as a new user meets it, over real HTTP: limited per address (the answer and the
 * welcome page say why an account opens at $0), and, when the operator asks, given only once the
 * e-mail is verified through a link mailed over SMTP to a local GreenMail server.
 */
class SignupCreditTest {
    private static final Pattern LINK = Pattern.compile("(http://\\S+/verify-email\\?token=([A-Za-z0-9_-]+))");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    @Test
    void theThirdSignUpFromOneAddressOpensAtZeroAndTheAnswerAndWelcomePageSayWhy() throws Exception {
        try (WebStack stack = new WebStack(dataDir, Map.of("signup-grants-per-address", "2"))) {
            WebClient client = new WebClient(stack.origin());
            for (String email : new String[] {"one@example.com", "two@example.com"}) {
                JsonNode grant = signUp(client, email).get("credit_grant");
                assertThat(grant.get("status").asText()).isEqualTo("granted");
                assertThat(grant.get("usd").asDouble()).isEqualTo(2.0);
            }
            JsonNode third = signUp(client, "three@example.com");
            assertThat(third.get("credit_grant").get("status").asText()).isEqualTo("withheld");
            assertThat(third.get("credit_grant").get("usd").asDouble()).isZero();
            assertThat(third.get("credit_grant").get("message").asText())
                    .contains("opens at $0.00", "2 accounts signed up from your network address in the last 24 hours", "/byok");
            String key = third.get("api_key").asText();
            assertThat(WebClient.parse(client.json("GET", "/api/v1/credits", key, null)).get("balance_usd").asDouble()).isZero();

            WebClient browser = new WebClient(stack.origin());
            HttpResponse<String> welcome = signUpByForm(browser, "four@example.com");
            assertThat(welcome.statusCode()).isEqualTo(200);
            assertThat(welcome.body()).contains("id=\"signup-credit\"", "Your account opens at $0.00");
            assertThat(browser.get("/credits").body()).contains("Sign-up credit", "Your account opens at $0.00");
        }
    }

    @Test
    void withVerifiedEmailRequiredTheGrantArrivesWithTheMailedLinkOnceAndCountsTheSignUpAddress() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (WebStack stack = new WebStack(dataDir, Map.of("signup-grant-verified-email", "true", "signup-grants-per-address", "1",
                "smtp-url", "smtp://127.0.0.1:" + smtp.getSmtp().getPort(), "mail-from", "AnyRouter <no-reply@example.com>",
                "public-url", "http://gateway.example.test"))) {
            WebClient browser = new WebClient(stack.origin());
            HttpResponse<String> welcome = signUpByForm(browser, "ada@example.com");
            assertThat(welcome.body()).contains("added once you verify your e-mail address");
            assertThat(browser.get("/credits").body()).contains("Sign-up credit", "Send the link again");

            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
            Matcher link = LINK.matcher(GreenMailUtil.getBody(mail));
            assertThat(link.find()).isTrue();
            assertThat(link.group(1)).as("built on the public URL, not the Host header").startsWith("http://gateway.example.test/");
            String token = link.group(2);

            // Opening the link shows a button and spends nothing, so a mail scanner that follows links verifies nothing.
            WebClient inbox = new WebClient(stack.origin());
            HttpResponse<String> page = inbox.get("/verify-email?token=" + token);
            assertThat(page.body()).contains("Verify my e-mail");
            assertThat(balance(browser)).isZero();
            HttpResponse<String> verified = inbox.postForm("/verify-email", WebClient.form("_csrf", csrf(page), "token", token));
            assertThat(verified.body()).contains("Your e-mail is verified", "Your free credit of $2.00 has been added");
            assertThat(balance(browser)).isEqualTo(2.0);
            HttpResponse<String> again = inbox.postForm("/verify-email", WebClient.form("_csrf", csrf(page), "token", token));
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(balance(browser)).as("a link works once").isEqualTo(2.0);

            // A second account from the same address: its grant is decided at verification, against the address's limit.
            JsonNode second = signUp(browser, "bob@example.com");
            assertThat(second.get("credit_grant").get("status").asText()).isEqualTo("awaiting_email_verification");
            assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
            Matcher bobs = LINK.matcher(GreenMailUtil.getBody(smtp.getReceivedMessages()[1]));
            assertThat(bobs.find()).isTrue();
            HttpResponse<String> api = browser.json("POST", "/api/v1/auth/verify-email", null, "{\"token\":\"" + bobs.group(2) + "\"}");
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(WebClient.parse(api).get("credit_grant").get("status").asText()).isEqualTo("withheld");
            String bobKey = second.get("api_key").asText();
            assertThat(WebClient.parse(browser.json("GET", "/api/v1/credits", bobKey, null)).get("balance_usd").asDouble()).isZero();
            assertThat(browser.json("POST", "/api/v1/auth/verify-email", null, "{\"token\":\"" + bobs.group(2) + "\"}").statusCode())
                    .isEqualTo(400);
        } finally {
            smtp.stop();
        }
    }

    private static JsonNode signUp(WebClient client, String email) throws Exception {
        HttpResponse<String> r = client.json("POST", "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return WebClient.parse(r);
    }

    private static HttpResponse<String> signUpByForm(WebClient browser, String email) throws Exception {
        HttpResponse<String> form = browser.get("/signup");
        HttpResponse<String> posted = browser.postForm("/signup", WebClient.form("_csrf", csrf(form), "email", email,
                "password", "correct horse battery staple"));
        assertThat(posted.statusCode()).as("post/redirect/get").isEqualTo(303);
        assertThat(posted.headers().firstValue("location")).hasValue("/welcome");
        return browser.get("/welcome");
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a form token on the page").isTrue();
        return m.group(1);
    }

    private static double balance(WebClient signedIn) throws Exception {
        Matcher m = Pattern.compile("class=\"amount[^\"]*\">\\$([0-9.]+)<").matcher(signedIn.get("/credits").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
