package io.exceed.feedback.domain.survey;

/** The kinds of question and the range of their answers. */
public enum QuestionKind {
    NPS(0, 10),
    CSAT(1, 5),
    CES(1, 7),
    DIMENSION_RATING(0, 100),
    FREE_TEXT(0, 0);

    private final int min;
    private final int max;

    QuestionKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public boolean isScored() {
        return this != FREE_TEXT;
    }

    public boolean inRange(int score) {
        return score >= min && score <= max;
    }

    public String range() {
        return min + " to " + max;
    }
}
