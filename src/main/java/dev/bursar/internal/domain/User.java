package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A person or system that holds API keys and accounts. Emails compare case-insensitively. */
// Spring Data JDBC maps the aggregate to its table by these annotations; the domain calls no framework.
@Table("users")
public record User(@Id UUID id, String email, String name, Role role, Instant createdAt, Instant updatedAt) {}
