package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.bedrock.BedrockCodec;
import dev.anyrouter.protocol.bedrock.EventStreamFraming;
import dev.anyrouter.providers.BedrockAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.cloud.BedrockCredential;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.providers.cloud.CloudCredentials;
import io.vertx.core.Future;

/**
 * Amazon Bedrock's Converse wire: no client speaks it, so every request is translated, and a
 * stream arrives in AWS's binary event stream ({@link EventStreamFraming}), the first framing here
 * that is not server-sent events. Each call is authorized from the key's structured credential:
 * a Bedrock API key as a bearer token, IAM access keys by SigV4 (AWS's signer), signed over the
 * call as it is sent, just before sending.
 */
final class BedrockExchange implements WireExchange {
    private static final BedrockCodec CODEC = new BedrockCodec();

    private final CloudCredentials clouds;

    BedrockExchange(CloudCredentials clouds) {
        this.clouds = clouds;
    }

    @Override
    public UpstreamCodec codec(Provider provider, String upstreamModel) {
        return CODEC;
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return BedrockAdapter.converse(target, credential(target), upstreamModel, body, stream);
    }

    @Override
    public StreamFraming framing(int maxEventBytes) {
        return new EventStreamFraming(maxEventBytes);
    }

    @Override
    public Future<UpstreamCall> authorize(UpstreamTarget target, String upstreamModel, UpstreamCall call) {
        return Future.succeededFuture(BedrockAdapter.authorize(call, credential(target), clouds.sigV4()));
    }

    private BedrockCredential credential(UpstreamTarget target) {
        return (BedrockCredential) clouds.open(CloudCredential.Form.BEDROCK, target.credential());
    }
}
