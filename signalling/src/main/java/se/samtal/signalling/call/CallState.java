package se.samtal.signalling.call;

/**
 * Everything a {@link Call} knows, as plain values: what cluster mode keeps between two changes,
 * so a call restored on another node goes on exactly as the original would. One kind of state
 * for each kind of call.
 */
public sealed interface CallState permits GroupCall.State {
}
