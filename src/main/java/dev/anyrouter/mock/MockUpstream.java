package dev.anyrouter.mock;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A fake LLM provider on a local port, for the gateway's tests, contract checks and benchmarks.
 * It speaks the OpenAI, Anthropic, Google Gemini, Azure OpenAI, Amazon Bedrock and Vertex AI wires closely enough that their official SDKs
 * cannot tell it from the real service, and its behaviour per key is scripted through
 * {@code /_mock/script}.
 *
 * <p>Non-blocking throughout (delays are timers), one listener per event loop up to four.
 * Shares no code with the gateway's protocol or provider packages on purpose: it is written from
 * the providers' documentation, so it cannot mirror a codec's bug back as a pass.
 */
public final class MockUpstream {

    /** Requests kept for {@link #received()}; older ones are dropped, the count stays exact. */
    static final int KEPT_REQUESTS = 10_000;

    private final Vertx vertx;
    private final List<String> deployments;
    private final int port;
    private final RequestLog log;
    private final AbandonedLog abandoned;

    private MockUpstream(Vertx vertx, List<String> deployments, int port, RequestLog log, AbandonedLog abandoned) {
        this.vertx = vertx;
        this.deployments = List.copyOf(deployments);
        this.port = port;
        this.log = log;
        this.abandoned = abandoned;
    }

    /**
     * Starts listening on {@code host}:{@code port}.
     *
     * @param port the port, or 0 for any free one (then see {@link #port()})
     */
    public static Future<MockUpstream> start(Vertx vertx, String host, int port) {
        return start(vertx, host, port, Clock.systemUTC(), new Random());
    }

    /**
     * As {@link #start(Vertx, String, int)}, with time and chance supplied (scenario tests run the
     * keys' rate limits on their own clock); {@code random} must be thread-safe.
     */
    public static Future<MockUpstream> start(Vertx vertx, String host, int port, Clock clock, RandomGenerator random) {
        JsonCodec json = new JsonCodec();
        Ids ids = new Ids(random);
        RequestLog log = new RequestLog(KEPT_REQUESTS);
        AbandonedLog abandoned = new AbandonedLog(KEPT_REQUESTS);
        ScriptBook scripts = new ScriptBook();
        GoogleJson google = new GoogleJson(json);
        // In order of preference: the OpenAI wire last, as it claims whatever the others do not.
        java.util.Map<String, String> awsUsers = new java.util.concurrent.ConcurrentHashMap<>(AwsUsers.DOCUMENTED);
        AnthropicMessages anthropic = new AnthropicMessages(vertx, json, ids);
        GeminiGenerate gemini = new GeminiGenerate(vertx, json, google, ids);
        GeminiWire geminiWire = new GeminiWire(json, google, new GeminiModels(json, google), gemini);
        KeyLimits limits = new KeyLimits(clock);
        OpenAiChat chat = new OpenAiChat(vertx, json, clock, ids, limits);
        GoogleAccounts googleAccounts = new GoogleAccounts(json, clock, ids);
        AzureWire azure = new AzureWire(json, clock, ids, chat, new OpenAiErrors(json, ids));
        List<Wire> wires = List.of(
                new BedrockWire(json, new SigV4Check(clock), awsUsers, new BedrockConverse(vertx, json, ids)),
                azure,
                new VertexWire(json, googleAccounts, gemini, anthropic, geminiWire),
                new AnthropicWire(json, clock, ids, anthropic),
                geminiWire,
                new OpenAiResponsesWire(json, ids, new OpenAiResponses(vertx, json, clock, ids)),
                new OpenAiWire(json, ids, chat));
        UpstreamHandler handler = new UpstreamHandler(vertx, wires, log, abandoned, scripts,
                new AdminApi(json.mapper(), scripts, log, abandoned, awsUsers, googleAccounts, azure::entraTokens, limits));
        int listeners = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

        // Listeners share a port only when they ask for the same one. For "any free port", Vert.x
        // shares one random port among servers that ask for the same negative number, so each mock
        // takes its own negative number from a counter kept in this Vert.x instance.
        int listenPort = port != 0 ? port
                : -vertx.sharedData().<String, Integer>getLocalMap(MockUpstream.class.getName())
                        .merge("random-port-groups", 1, Integer::sum);
        MockServerVerticle first = new MockServerVerticle(handler, host, listenPort);
        return vertx.deployVerticle(first).compose(firstId -> {
            List<String> deployed = new ArrayList<>(List.of(firstId));
            if (listeners == 1) {
                return Future.succeededFuture(new MockUpstream(vertx, deployed, first.actualPort(), log, abandoned));
            }
            return vertx.deployVerticle(() -> new MockServerVerticle(handler, host, listenPort),
                            new DeploymentOptions().setInstances(listeners - 1))
                    .map(moreId -> {
                        deployed.add(moreId);
                        return new MockUpstream(vertx, deployed, first.actualPort(), log, abandoned);
                    });
        });
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Answers the mock has begun and that neither ended nor were let go by their client. */
    public int openAnswers() {
        return log.open();
    }

    /** The requests received, oldest first (the last {@value #KEPT_REQUESTS} at most); a snapshot. */
    public List<ReceivedRequest> received() {
        return log.snapshot();
    }

    /** The answers clients closed the connection of before they ended, oldest first (the last {@value #KEPT_REQUESTS}); a snapshot. */
    public List<Abandoned> abandoned() {
        return abandoned.snapshot();
    }

    /** Stops listening; open streams are cut. */
    public Future<Void> close() {
        List<Future<Void>> undeployed = deployments.reversed().stream().map(vertx::undeploy).toList();
        return Future.all(undeployed).mapEmpty();
    }
}
