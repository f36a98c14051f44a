package org.sciloop.core;

/**
 * Something a campaign needs cannot be reached right now: a model provider that keeps failing, an
 * instrument whose link is down. Nothing is wrong with the campaign or the input; the engine pauses it
 * (resumable, with a {@code CampaignPaused} line saying why) and front ends print the message alone, with
 * how to resume.
 */
public class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
