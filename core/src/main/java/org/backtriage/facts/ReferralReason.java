package org.backtriage.facts;

/** A reason to refer: its code, its level ({@code routine}, {@code urgent}, {@code emergency}) and a message. */
public record ReferralReason(String code, String level, String message) {
}
