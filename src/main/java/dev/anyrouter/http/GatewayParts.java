package dev.anyrouter.http;

import dev.anyrouter.config.Settings;
import dev.anyrouter.web.Dashboard;

/** The handlers and route groups the router is made of, built once by {@link Gateway}. */
record GatewayParts(Settings settings, BodyGate bodies, ChatCompletionsHandler chat, ResponsesHandler responses,
                    MessagesHandler messages, ModelsHandler models,
                    AuthRoutes authRoutes, ApiKeyRoutes apiKeyRoutes, ByokRoutes byokRoutes, LogRoutes logRoutes,
                    PoolRoutes poolRoutes, CreditsRoutes creditsRoutes, AdminRoutes adminRoutes,
                    PresetRoutes presetRoutes, AnalyticsRoutes analyticsRoutes, Dashboard web) {}
