package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;

import java.util.HashMap;
import java.util.Map;

/** Finds the handler for each request type. Engines register their handlers at start-up. */
public final class Dispatcher {
    private final Map<Class<?>, RequestHandler<?>> handlers = new HashMap<>();

    public <T extends ClientMessage> Dispatcher register(Class<T> type, RequestHandler<T> handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("A handler for " + type.getSimpleName() + " is already registered");
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    void dispatch(RequestContext context, ClientMessage request) {
        var handler = (RequestHandler<ClientMessage>) handlers.get(request.getClass());
        if (handler == null) {
            context.fail(ErrorCode.UNKNOWN_TYPE);
            return;
        }
        try {
            handler.handle(context, request);
        } catch (RuntimeException e) {
            context.fail(e);
        }
    }
}
