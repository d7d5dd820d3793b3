package dev.bursar.internal.api;

/** One broken rule of a {@code validation_failed} problem, named by its JSON field. */
public record FieldViolation(String field, String message) {}
