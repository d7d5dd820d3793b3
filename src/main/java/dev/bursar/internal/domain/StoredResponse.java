package dev.bursar.internal.domain;

/**
 * A response as an idempotent replay will send it again: status, content type, Location (null if
 * none) and body, exactly as first sent.
 */
public record StoredResponse(int status, String contentType, String location, byte[] body) {}
