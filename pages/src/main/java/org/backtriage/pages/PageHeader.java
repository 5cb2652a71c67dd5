package org.backtriage.pages;

import org.backtriage.engine.RuleVocabulary;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The top of every page a person is handed: who gives the advice (the clinic's name, and a phone number
 * for questions about it, from the vocabulary's {@code clinic} section) and the date it was given. Never
 * the internal record id: that is for the clinician, in the page's footer.
 *
 * @param clinicName  empty when the vocabulary names no clinic
 * @param clinicPhone empty when the vocabulary gives no phone
 * @param date        the day the page was made (the assessment's date: pages are made as records are assessed)
 */
public record PageHeader(String clinicName, String clinicPhone, LocalDate date) {
    /** "26 November 2026": day, month in words, year; read the same way in every English-speaking country. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    public PageHeader {
        clinicName = clinicName == null ? "" : clinicName.strip();
        clinicPhone = clinicPhone == null ? "" : clinicPhone.strip();
        if (date == null) {
            throw new IllegalArgumentException("a page header needs its date");
        }
    }

    /** The header for pages made on {@code clock}'s today (the clinic's local date: the clock's zone). */
    public static PageHeader of(RuleVocabulary.Clinic clinic, Clock clock) {
        return new PageHeader(clinic.name(), clinic.phone(), LocalDate.now(clock));
    }

    /** The date in words, as the page shows it. */
    public String dateText() {
        return DAY.format(date);
    }

    /** The date as ISO 8601, for the {@code <time datetime>} attribute. */
    public String isoDate() {
        return date.toString();
    }

    public boolean hasClinic() {
        return !clinicName.isEmpty();
    }

    public boolean hasPhone() {
        return !clinicPhone.isEmpty();
    }

    /** A {@code tel:} link for the phone: its digits only (and a leading {@code +}), so nothing else reaches the href. */
    public String phoneHref() {
        StringBuilder digits = new StringBuilder("tel:");
        for (int i = 0; i < clinicPhone.length(); i++) {
            char c = clinicPhone.charAt(i);
            if ((c >= '0' && c <= '9') || (c == '+' && digits.length() == 4)) {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
