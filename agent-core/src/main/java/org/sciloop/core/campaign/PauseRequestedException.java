package org.sciloop.core.campaign;

/**
 * Someone asked a running campaign to pause ({@link CampaignEngine#requestPause}: Ctrl-C, SIGTERM, an
 * operator): the engine stopped at a safe point and wrote {@code CampaignPaused}. Nothing is wrong; front
 * ends print the message and how to resume.
 */
public class PauseRequestedException extends RuntimeException {
    public PauseRequestedException(String why) {
        super(why);
    }
}
