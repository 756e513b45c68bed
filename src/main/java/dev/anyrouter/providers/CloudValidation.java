package dev.anyrouter.providers;

import dev.anyrouter.providers.cloud.AzureCredential;
import dev.anyrouter.providers.cloud.BedrockCredential;
import dev.anyrouter.providers.cloud.VertexCredential;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.providers.cloud.CloudCredentials;
import dev.anyrouter.providers.cloud.CredentialException;
import dev.anyrouter.providers.cloud.TokenRefusedException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves a cloud's structured credential live, with the cheapest call that needs it: Bedrock's
 * model list on the control plane (an IAM user allowed to call models but not to list them is
 * authenticated all the same: AWS answers {@code AccessDeniedException}, not an unknown key).
 * Azure's model list on each resource; a minted Vertex token, then Vertex's free {@code countTokens}
 * (the project must have Vertex AI). A credential its token endpoint refuses is rejected; bodies are read for model ids and error
 * codes only, never echoed.
 */
final class CloudValidation {
    private final UpstreamClient client;
    private final CloudCredentials clouds;
    private final KeyValidator.Limits limits;

    CloudValidation(UpstreamClient client, CloudCredentials clouds, KeyValidator.Limits limits) {
        this.client = client;
        this.clouds = clouds;
        this.limits = limits;
    }

    Future<Validation> validate(UpstreamTarget target) {
        Provider provider = target.provider();
        CloudCredential credential;
        try {
            credential = clouds.open(provider.credentialForm().orElseThrow(), target.credential());
        } catch (CredentialException e) {
            return Future.succeededFuture(new Validation.Rejected(e.getMessage()));
        }
        Future<Validation> checked = switch (credential) {
            case BedrockCredential bedrock -> bedrock(target, bedrock);
            case AzureCredential azure -> azure(target, azure, 0, new ArrayList<>());
            case VertexCredential vertex -> vertex(target, vertex);
        };
        return checked.recover(failure -> failure instanceof TokenRefusedException refused
                ? Future.succeededFuture(new Validation.Rejected(refused.getMessage()))
                : Future.failedFuture(failure));
    }

    private Future<Validation> bedrock(UpstreamTarget target, BedrockCredential credential) {
        UpstreamCall call = BedrockAdapter.authorize(BedrockAdapter.listModels(target, credential), credential, clouds.sigV4());
        return client.send(call).compose(response -> AnswerBodies.read(response, limits.maxAnswerBytes()).map(body -> {
            String errorType = response.getHeader("x-amzn-errortype");
            if (response.statusCode() == 403 && errorType != null && errorType.startsWith("AccessDeniedException")) {
                return new Validation.Valid(List.of());
            }
            Validation judged = KeyValidator.judge(target.provider(), response, body.getBytes(), limits);
            // The list names base models, not the inference profiles most models are called through:
            // it proves the credential, and the key reaches the catalog's Bedrock models.
            return judged instanceof Validation.Valid ? new Validation.Valid(List.of()) : judged;
        }));
    }

    /** Every resource of the credential, one after the other: all must accept their key. */
    private Future<Validation> azure(UpstreamTarget target, AzureCredential credential, int index, List<String> models) {
        if (index >= credential.resources().size()) return Future.succeededFuture(new Validation.Valid(List.copyOf(models)));
        AzureCredential.Resource resource = credential.resources().get(index);
        UpstreamCall call = AzureAdapter.listModels(target, resource);
        Future<UpstreamCall> authorized = resource.auth() instanceof AzureCredential.Entra entra
                ? clouds.tokens(entra).next().map(token -> AzureAdapter.withToken(call, token))
                : Future.succeededFuture(call);
        return authorized.compose(client::send).compose(response -> AnswerBodies.read(response, limits.maxAnswerBytes()).map(body ->
                        KeyValidator.judge(target.provider(), response, body.getBytes(), limits)))
                .compose(judged -> switch (judged) {
                    case Validation.Valid valid -> {
                        models.addAll(resource.deployments().keySet());
                        yield azure(target, credential, index + 1, models);
                    }
                    case Validation.Rejected rejected -> Future.succeededFuture(credential.resources().size() == 1 ? rejected
                            : new Validation.Rejected(rejected.reason() + " for resource " + (index + 1) + " (" + resource.origin().getHost() + ")"));
                    case Validation.Unreachable unreachable -> Future.succeededFuture(unreachable);
                });
    }

    /** A token minted (the key is genuine), then Vertex's free countTokens (the project has Vertex AI). */
    private Future<Validation> vertex(UpstreamTarget target, VertexCredential credential) {
        UpstreamCall call = VertexAdapter.countTokens(target, credential);
        return clouds.tokens(credential).next().map(token -> VertexAdapter.withToken(call, token)).compose(client::send)
                .compose(response -> AnswerBodies.read(response, limits.maxAnswerBytes()).map(body -> {
                    Validation judged = KeyValidator.judge(target.provider(), response, body.getBytes(), limits);
                    return judged instanceof Validation.Valid ? new Validation.Valid(List.of()) : judged;
                }));
    }
}
