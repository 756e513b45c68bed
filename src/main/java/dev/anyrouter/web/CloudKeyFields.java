package dev.anyrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.cloud.CloudCredential;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the key dialog asks of each cloud's structured credential, field by field, with where the user
 * finds each value; and the two conversions between a text area and the credential's JSON (Azure's
 * deployments as {@code model = deployment} lines). The rules themselves are the credential's
 * ({@link CloudCredential.Form#parse}): nothing is judged here.
 */
final class CloudKeyFields {
    private static final String BEDROCK_REGION = "[a-z]{2}(-[a-z]+)+-[0-9]{1,2}";
    private static final String VERTEX_REGION = "global|[a-z]+-[a-z]+[0-9]{1,2}";

    private CloudKeyFields() {}

    /** The inputs of a new credential, as typed last time (never a secret) and with the refused field marked. */
    static CloudFormView add(CloudCredential.Form form, MultiMap typed, String errorParam) {
        Typed t = new Typed(typed, field(errorParam));
        List<CloudFormView.Section> sections = switch (form) {
            case AZURE -> List.of(
                    new CloudFormView.Section("Resource", "Azure portal → your resource → Keys and Endpoint.", List.of(
                            t.text("resource_name", "Resource name", "my-resource in https://my-resource.openai.azure.com; or give the endpoint below.",
                                    "my-resource", null, ""),
                            t.text("endpoint", "Endpoint (instead of the name)", "The resource's endpoint URL, for a custom domain.",
                                    "https://my-resource.openai.azure.com", null, ""),
                            t.choice("resource_type", "Resource type", "openai: Azure OpenAI (*.openai.azure.com); ai_foundry: Azure AI"
                                    + " Foundry (*.services.ai.azure.com).", List.of("openai", "ai_foundry"), "openai"),
                            t.text("api_version", "API version (optional)", "Empty or v1: the v1 API (/openai/v1/…). A dated version such as"
                                    + " 2024-10-21 calls /openai/deployments/… with api-version.", "v1", null, ""),
                            t.lines("deployments", "Deployments (optional)", "One per line, model id = deployment name. A model not listed"
                                    + " is called by its own id."))),
                    new CloudFormView.Section("Sign in with the resource's key", "KEY 1 or KEY 2 under Keys and Endpoint.", List.of(
                            t.secret("api_key", "API key", null, false))),
                    new CloudFormView.Section("Or with Entra ID client credentials", "An app registration with the Cognitive Services"
                            + " OpenAI User role on the resource; leave the API key empty.", List.of(
                            t.text("tenant_id", "Directory (tenant) ID", null, "72f988bf-86f1-41af-91ab-2d7cd011db47", null, ""),
                            t.text("client_id", "Application (client) ID", null, "a1b2c3d4-…", null, ""),
                            t.secret("client_secret", "Client secret", "The secret's Value under Certificates & secrets.", false))));
            case BEDROCK -> List.of(
                    new CloudFormView.Section("Region", null, List.of(
                            t.text("region", "AWS region", "Where your Bedrock models run; the credential is used there only.",
                                    "us-east-1", BEDROCK_REGION, ""))),
                    new CloudFormView.Section("IAM access keys", "IAM → Users → Security credentials → Create access key; signed"
                            + " with SigV4 on every call.", List.of(
                            t.text("access_key_id", "Access key ID", "AKIA… (or ASIA… for temporary credentials).", "AKIA…", null, ""),
                            t.secret("secret_access_key", "Secret access key", null, false),
                            t.secret("session_token", "Session token (optional)", "Only for temporary credentials (ASIA…).", false))),
                    new CloudFormView.Section("Or a Bedrock API key", "Bedrock console → API keys (ABSK…); leave the IAM fields empty.",
                            List.of(t.secret("api_key", "Bedrock API key", null, false))));
            case VERTEX -> List.of(new CloudFormView.Section("Service account", "IAM → Service accounts → your account (with the"
                    + " Vertex AI User role) → Keys → Add key → JSON.", List.of(
                    new CloudFormView.Input("service_account", "Service account key file", "Choose the downloaded .json file, or paste its"
                            + " contents. Its private key is stored encrypted and never shown again.", "file", "",
                            "{\"type\": \"service_account\", …}", null, true, List.of(), t.invalid("service_account")),
                    t.text("region", "Region", "global, or a region such as us-east5 (where Claude models run).", "global", VERTEX_REGION,
                            "global"),
                    t.text("project_id", "Project ID (optional)", "Leave empty for the key file's project_id.", "my-project", null, ""))));
        };
        return new CloudFormView(form.example(), sections, form != CloudCredential.Form.VERTEX, List.of());
    }

    /**
     * The inputs of a stored credential's fields that may change ({@code shown} is its
     * {@link CloudCredential#shown()} form), and the rest shown as it is.
     */
    static CloudFormView edit(CloudCredential.Form form, JsonNode shown, MultiMap typed, String errorParam) {
        Typed t = new Typed(typed, field(errorParam));
        List<CloudFormView.Shown> fixed = new ArrayList<>();
        List<CloudFormView.Section> sections = new ArrayList<>();
        switch (form) {
            case BEDROCK -> {
                fixed.add(new CloudFormView.Shown("Signed in with", shown.has("access_key_id")
                        ? "IAM access key " + shown.path("access_key_id").asText() : "a Bedrock API key"));
                sections.add(new CloudFormView.Section("Region", null, List.of(t.text("region", "AWS region",
                        "Saving checks the credential in the new region first.", "us-east-1", BEDROCK_REGION, shown.path("region").asText()))));
            }
            case VERTEX -> {
                fixed.add(new CloudFormView.Shown("Service account", shown.path("client_email").asText()));
                if (shown.has("private_key_id")) fixed.add(new CloudFormView.Shown("Key ID", shown.path("private_key_id").asText()));
                sections.add(new CloudFormView.Section("Where calls go", "Saving checks the service account there first.", List.of(
                        t.text("region", "Region", "global, or a region such as us-east5.", "global", VERTEX_REGION, shown.path("region").asText()),
                        t.text("project_id", "Project ID", "Empty: the key file's project_id.", "my-project", null,
                                shown.path("project_id").asText()))));
            }
            case AZURE -> {
                JsonNode resources = shown.path("resources");
                for (int i = 0; i < resources.size(); i++) {
                    JsonNode r = resources.get(i);
                    String name = r.has("resource_name") ? r.path("resource_name").asText() : r.path("endpoint").asText();
                    fixed.add(new CloudFormView.Shown("Resource " + (i + 1), name + " (" + r.path("resource_type").asText() + ")"
                            + (r.has("client_id") ? ", Entra ID app " + r.path("client_id").asText() : ", resource key")));
                    String prefix = "resources." + i + ".";
                    sections.add(new CloudFormView.Section("Resource " + (i + 1) + ": " + name, "Saving checks the credential with the"
                            + " changes first.", List.of(
                            t.text(prefix + "api_version", "API version", "v1, or a dated version such as 2024-10-21.", "v1", null,
                                    r.path("api_version").asText("v1")),
                            t.lines(prefix + "deployments", "Deployments", "One per line, model id = deployment name.",
                                    lines(r.path("deployments"))))));
                }
            }
        }
        return new CloudFormView(form.example(), sections, false, fixed);
    }

    /**
     * A field's value as the credential's JSON takes it: Azure's deployments from {@code model =
     * deployment} lines (a line that is neither goes through as text, which the credential refuses
     * by name), anything else as typed.
     */
    static JsonNode value(String name, String text) {
        if (!name.equals("deployments") && !name.endsWith(".deployments")) return Json.MAPPER.getNodeFactory().textNode(text);
        ObjectNode deployments = Json.object();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) continue;
            int split = line.indexOf('=');
            if (split < 0) return Json.MAPPER.getNodeFactory().textNode(text);
            deployments.put(line.substring(0, split).strip(), line.substring(split + 1).strip());
        }
        return deployments;
    }

    private static String lines(JsonNode deployments) {
        List<String> out = new ArrayList<>();
        deployments.properties().forEach(e -> out.add(e.getKey() + " = " + e.getValue().asText()));
        return out.stream().collect(Collectors.joining("\n"));
    }

    /**
     * The input an error's {@code param} is about: {@code key.region} → {@code region},
     * {@code key.service_account.private_key} → {@code service_account},
     * {@code credential.resources[0].deployments.gpt-4.1} → {@code resources.0.deployments}.
     */
    static String field(String param) {
        if (param == null) return null;
        String p = param.replaceFirst("^(key|credential)\\.?", "").replaceAll("\\[(\\d+)]", ".$1").replaceFirst("^\\.", "");
        if (p.startsWith("service_account")) return "service_account";
        String[] parts = p.split("\\.");
        if (parts.length >= 3 && parts[0].equals("resources")) return parts[0] + "." + parts[1] + "." + parts[2];
        return parts.length > 0 && !parts[0].isEmpty() && !parts[0].matches("\\d+") ? parts[0] : "json";
    }

    /** The inputs, filled in from what was typed when the form is shown again. */
    private record Typed(MultiMap form, String invalidField) {
        boolean invalid(String name) {
            return name.equals(invalidField);
        }

        private String typed(String name, String fallback) {
            String value = form == null ? null : form.get(KeyForms.CLOUD_PREFIX + name);
            return value == null ? fallback : value;
        }

        CloudFormView.Input text(String name, String label, String help, String placeholder, String pattern, String fallback) {
            return new CloudFormView.Input(name, label, help, "text", typed(name, fallback), placeholder, pattern,
                    pattern != null, List.of(), invalid(name));
        }

        CloudFormView.Input lines(String name, String label, String help) {
            return lines(name, label, help, "");
        }

        CloudFormView.Input lines(String name, String label, String help, String fallback) {
            return new CloudFormView.Input(name, label, help, "lines", typed(name, fallback), "gpt-4.1 = my-gpt41", null, false,
                    List.of(), invalid(name));
        }

        CloudFormView.Input choice(String name, String label, String help, List<String> choices, String fallback) {
            return new CloudFormView.Input(name, label, help, "choice", typed(name, fallback), null, null, true, choices, invalid(name));
        }

        /** A secret input: never filled in. */
        CloudFormView.Input secret(String name, String label, String help, boolean required) {
            return new CloudFormView.Input(name, label, help, "secret", "", null, null, required, List.of(), invalid(name));
        }
    }
}
