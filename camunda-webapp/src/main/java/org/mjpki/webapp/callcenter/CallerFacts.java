package org.mjpki.webapp.callcenter;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.exception.NotValidException;

/**
 * What the caller said in the form "Identify the caller": the four facts on the card, or that they could not give
 * them. {@link #take} reads them and removes them from the instance in the same transaction as the form's submission,
 * so they are never stored as variables (and {@code engine.ConfidentialVariablesHistoryFilter} keeps them out of history). Their values
 * never appear in a message: a refusal names the field only.
 */
public record CallerFacts(boolean identified, String name, LocalDate birthDate, String sex, String address) {

    public static final String NAME = "callerName";
    public static final String BIRTH_DATE = "callerBirthDate";
    public static final String SEX = "callerSex";
    public static final String ADDRESS = "callerAddress";
    public static final String NOT_IDENTIFIED = "callerNotIdentified";
    /** The form fields that must never be stored. */
    public static final List<String> FIELDS = List.of(NAME, BIRTH_DATE, SEX, ADDRESS, NOT_IDENTIFIED);

    private static final int MAX_NAME = 100;
    private static final int MAX_ADDRESS = 200;

    /** Reads and removes the caller's answers; refuses the submission (nothing stored) when they are not usable. */
    static CallerFacts take(DelegateTask task) {
        Object notIdentified = task.getVariable(NOT_IDENTIFIED);
        Object name = task.getVariable(NAME);
        Object birthDate = task.getVariable(BIRTH_DATE);
        Object sex = task.getVariable(SEX);
        Object address = task.getVariable(ADDRESS);
        for (String field : FIELDS) {
            task.removeVariable(field);
            task.getExecution().removeVariable(field);
        }
        if (Boolean.TRUE.equals(notIdentified)) {
            return new CallerFacts(false, null, null, null, null);
        }
        return new CallerFacts(true, text(name, "name", MAX_NAME), date(birthDate), sex(sex), text(address, "address", MAX_ADDRESS));
    }

    private static String text(Object value, String field, int max) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new NotValidException("The caller's " + field + " is required (or tick that the caller cannot give the facts)");
        }
        if (s.length() > max || s.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new NotValidException("The caller's " + field + " is longer than " + max + " characters or has control characters");
        }
        return s;
    }

    private static LocalDate date(Object value) {
        if (value instanceof String s && s.length() >= 10) {
            try {
                // the form's date field sends yyyy-MM-dd; a date-time is cut to its day
                LocalDate date = LocalDate.parse(s.substring(0, 10));
                if (!date.isAfter(LocalDate.now()) && date.getYear() >= 1900) {
                    return date;
                }
            } catch (DateTimeParseException e) {
                // refused below, without echoing the value
            }
        }
        throw new NotValidException("The caller's date of birth is required and must be a past date");
    }

    private static String sex(Object value) {
        if ("MALE".equals(value) || "FEMALE".equals(value)) {
            return (String) value;
        }
        throw new NotValidException("The caller's sex is required: MALE or FEMALE");
    }

    @Override
    public String toString() {
        return "CallerFacts[" + (identified ? "identified, facts withheld" : "not identified") + "]";
    }
}
