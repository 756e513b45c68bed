package dev.anyrouter.web;

import java.util.List;

/**
 * Copy-paste examples for the quick-start page. They read the API key from the environment
 * ({@code ANYROUTER_API_KEY}) rather than embedding one, so a pasted snippet is safe to commit.
 */
final class Snippets {
    static final String MODEL = "openai/gpt-4.1-mini";

    private Snippets() {}

    /** One client's example; {@code id} names the element a copy button copies. */
    record Snippet(String id, String label, String code) {}

    static List<Snippet> forBase(String baseUrl) {
        return List.of(
                new Snippet("snippet-curl", "curl", """
                        curl %s/chat/completions \\
                          -H "Authorization: Bearer $ANYROUTER_API_KEY" \\
                          -H "Content-Type: application/json" \\
                          -d '{"model": "%s", "messages": [{"role": "user", "content": "Say hi"}]}'
                        """.formatted(baseUrl, MODEL)),
                new Snippet("snippet-python", "Python", """
                        # pip install openai
                        import os
                        from openai import OpenAI

                        client = OpenAI(base_url="%s", api_key=os.environ["ANYROUTER_API_KEY"])
                        reply = client.chat.completions.create(
                            model="%s",
                            messages=[{"role": "user", "content": "Say hi"}],
                        )
                        print(reply.choices[0].message.content)
                        """.formatted(baseUrl, MODEL)),
                new Snippet("snippet-typescript", "TypeScript", """
                        // npm install openai
                        import OpenAI from "openai";

                        const client = new OpenAI({ baseURL: "%s", apiKey: process.env.ANYROUTER_API_KEY });
                        const reply = await client.chat.completions.create({
                          model: "%s",
                          messages: [{ role: "user", content: "Say hi" }],
                        });
                        console.log(reply.choices[0].message.content);
                        """.formatted(baseUrl, MODEL)),
                new Snippet("snippet-java", "Java", """
                        // com.openai:openai-java
                        OpenAIClient client = OpenAIOkHttpClient.builder()
                                .baseUrl("%s")
                                .apiKey(System.getenv("ANYROUTER_API_KEY"))
                                .build();
                        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                                .model("%s")
                                .addUserMessage("Say hi")
                                .build());
                        System.out.println(reply.choices().get(0).message().content().orElse(""));
                        """.formatted(baseUrl, MODEL)));
    }
}
