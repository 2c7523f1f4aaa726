package se.samtal.audit.store;

import se.samtal.audit.chain.ChainPoint;

/**
 * A tenant's chain as its store records it.
 *
 * @param head   the newest entry ({@link ChainPoint#GENESIS} before the first)
 * @param anchor the last entry retention removed, where the kept chain starts; null if none was
 */
public record ChainState(ChainPoint head, ChainPoint anchor) {
}
