/**
 * Fault injection for the simulated outside world: test-controlled refusals of the JPKI system, so the
 * end-to-end tests can drive the issuance process down its failure and compensation paths through the real
 * workers. Wired only when {@code mjpki.simulator.enabled=true}; every fault is off until a test arms it.
 */
package org.mjpki.simulator.faults;
