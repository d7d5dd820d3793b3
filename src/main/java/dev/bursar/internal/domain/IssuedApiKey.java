package dev.bursar.internal.domain;

/** A freshly created key together with its secret, which is shown to the caller exactly once. */
public record IssuedApiKey(ApiKey apiKey, String secret) {}
