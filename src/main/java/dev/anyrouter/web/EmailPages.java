package dev.anyrouter.web;

import dev.anyrouter.accounts.EmailVerifications;
import dev.anyrouter.accounts.Onboarding;
import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code /verify-email}: the page the verification mail links to (its button spends the token, with
 * or without a session), and the signed-in user's "send the link again".
 */
final class EmailPages {
    private final Onboarding onboarding;
    private final Blocking blocking;
    private final FormToken formToken;
    private final SessionGate gate;
    private final Renderer renderer;
    private final Flash flash;

    EmailPages(Onboarding onboarding, Blocking blocking, FormToken formToken, SessionGate gate, Renderer renderer, Flash flash) {
        this.flash = flash;
        this.onboarding = onboarding;
        this.blocking = blocking;
        this.formToken = formToken;
        this.gate = gate;
        this.renderer = renderer;
    }

    void mount(Router router) {
        PageRoutes.get(router, Onboarding.VERIFY_PATH, ctx -> renderer.send(ctx, Future.succeededFuture(Reply.page("verify.jte",
                new VerifyView(formToken.issue(ctx), Optional.ofNullable(ctx.request().getParam("token")).orElse(""), null, false)))));
        PageRoutes.post(router, Onboarding.VERIFY_PATH, this::verify);
        PageRoutes.post(router, Onboarding.VERIFY_PATH + "/resend", ctx -> gate.serve(ctx, session -> resend(session)));
    }

    private void verify(RoutingContext ctx) {
        if (!FormToken.matches(ctx)) {
            renderer.send(ctx, Future.succeededFuture(new Reply.Page(403, "verify.jte", new VerifyView(formToken.issue(ctx),
                    field(ctx, "token"), "This form has expired: open the link from the mail again.", true))));
            return;
        }
        String token = field(ctx, "token");
        renderer.send(ctx, blocking.run(() -> onboarding.verify(token)).map(verified -> verified
                .<Reply>map(v -> Reply.page("verify.jte", new VerifyView(null, null, "Your e-mail is verified. "
                        + v.grant().map(EmailPages::grantText).orElse(""), false)))
                .orElseGet(() -> new Reply.Page(400, "verify.jte", new VerifyView(null, null,
                        "This link is not valid any more: it was used already or is older than " + EmailVerifications.TTL_HOURS + " hours. Log in and ask for a new"
                                + " one on your credits page.", true)))));
    }

    private static String grantText(OpeningGrant grant) {
        return grant instanceof OpeningGrant.Granted g ? "Your free credit of " + dev.anyrouter.billing.Usd.text(g.micros())
                + " has been added." : grant.message();
    }

    private Future<Reply> resend(WebSession session) {
        // Post/redirect/get back to the credits page: a reload sends no second mail.
        return blocking.run(() -> onboarding.resend(session.accountId())).map(sent -> {
            flash.put(session, new CreditsView.Sent(sent ? "We sent a new link to " + session.email() + ". It works once, for "
                    + EmailVerifications.TTL_HOURS + " hours."
                    : "No mail sent: your e-mail is verified already, or a link went out less than a minute ago. Check your inbox."));
            return Reply.redirect("/credits#signup-credit");
        });
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
