/**
 * What a campaign has learned, kept as a knowledge graph ({@link org.sciloop.memory.graph.KnowledgeGraph}):
 * hypotheses, the factors they are about, the experiments that test them and the observations that
 * support or refute them, rebuilt from any trace.
 */
package org.sciloop.memory;
