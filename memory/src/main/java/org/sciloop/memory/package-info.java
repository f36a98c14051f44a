/**
 * Observation and hypothesis stores and the knowledge graph. Nothing here yet; the module exists so
 * that the build and the architecture rules already have its place.
 */
package org.sciloop.memory;
