/**
 * OPC UA instruments: profiles, the instrument tool and the simulated instrument server. Nothing here
 * yet; the module exists so that the build and the architecture rules already have its place.
 */
package org.sciloop.instruments;
