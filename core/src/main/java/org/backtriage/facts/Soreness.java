package org.backtriage.facts;

/** One region where the person is sore: {@code neck}, {@code upper_back}, {@code mid_back} or {@code lower_back}. */
public record Soreness(String region) {
}
