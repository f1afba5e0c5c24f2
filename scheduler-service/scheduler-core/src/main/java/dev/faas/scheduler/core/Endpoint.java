package dev.faas.scheduler.core;

/** Where an instance serves HTTP. */
public record Endpoint(String host, int port) {
}
