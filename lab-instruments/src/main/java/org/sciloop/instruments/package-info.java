/**
 * OPC UA instruments: profiles ({@code profile}), the Milo client ({@code client}), certificates
 * ({@code security}), the instrument tool, and the simulated instrument server ({@code sim}). See
 * {@code docs/instrument-profiles.md}.
 */
package org.sciloop.instruments;
