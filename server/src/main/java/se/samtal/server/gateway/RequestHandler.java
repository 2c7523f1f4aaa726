package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;

/**
 * Handles one type of request from a joined connection. Runs on the connection's event loop:
 * it must not block. Work that blocks goes to the blocking executor, and the handler answers
 * through {@link RequestContext} when it is done. Throwing a
 * {@link se.samtal.protocol.SamtalException} answers with its code.
 */
@FunctionalInterface
public interface RequestHandler<T extends ClientMessage> {
    void handle(RequestContext context, T request);
}
