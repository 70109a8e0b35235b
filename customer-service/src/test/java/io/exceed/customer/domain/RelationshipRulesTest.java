package io.exceed.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.exceed.customer.domain.FeedbackSummary.Trend;

/** The relationship rules, one by one, and which wins when several match. */
class RelationshipRulesTest {

    private static final CustomerValue UNRATED_VALUE = CustomerValue.UNKNOWN;

    private static FeedbackSummary nps(int nps) {
        return new FeedbackSummary(1, nps, null, Trend.UNKNOWN, 0, 0);
    }

    private static CustomerValue profitability(Band band) {
        return new CustomerValue(null, band, Band.UNRATED);
    }

    @ParameterizedTest
    @CsvSource({"0,DETRACTOR", "6,DETRACTOR", "7,PASSIVE", "8,PASSIVE", "9,ADVOCATE", "10,ADVOCATE"})
    void theLatestNpsAnswerDecidesWhenNothingElseDoes(int nps, RelationshipState expected) {
        assertThat(RelationshipRules.derive(nps(nps), UNRATED_VALUE)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"UNRATED,PASSIVE", "LOW,PASSIVE", "MEDIUM,LOYAL", "HIGH,LOYAL"})
    void aSevenOrEightIsLoyalFromAProfitableCustomerAndPassiveOtherwise(Band band, RelationshipState expected) {
        assertThat(RelationshipRules.derive(nps(7), profitability(band))).isEqualTo(expected);
        assertThat(RelationshipRules.derive(nps(8), profitability(band))).isEqualTo(expected);
    }

    @Test
    void anOpenComplaintPutsAnyoneButADetractorAtRisk() {
        assertThat(RelationshipRules.derive(new FeedbackSummary(1, 10, null, Trend.UNKNOWN, 1, 1), UNRATED_VALUE))
                .isEqualTo(RelationshipState.AT_RISK);
        assertThat(RelationshipRules.derive(new FeedbackSummary(0, null, null, Trend.UNKNOWN, 1, 1), UNRATED_VALUE))
                .as("a complaint without any score").isEqualTo(RelationshipState.AT_RISK);
        assertThat(RelationshipRules.derive(new FeedbackSummary(1, 3, null, Trend.UNKNOWN, 1, 1), UNRATED_VALUE))
                .as("an explicit detractor answer says more").isEqualTo(RelationshipState.DETRACTOR);
    }

    @Test
    void aFallingTrendPutsAPromoterAtRiskAndARisingOneChangesNothing() {
        assertThat(RelationshipRules.derive(new FeedbackSummary(3, 9, null, Trend.DECLINING, 0, 0),
                profitability(Band.HIGH))).isEqualTo(RelationshipState.AT_RISK);
        assertThat(RelationshipRules.derive(new FeedbackSummary(3, 9, null, Trend.IMPROVING, 0, 0),
                profitability(Band.HIGH))).isEqualTo(RelationshipState.ADVOCATE);
    }

    @Test
    void resolvedComplaintsNoLongerCount() {
        assertThat(RelationshipRules.derive(new FeedbackSummary(1, 9, null, Trend.STABLE, 0, 4), UNRATED_VALUE))
                .isEqualTo(RelationshipState.ADVOCATE);
    }

    @ParameterizedTest
    @CsvSource({"1,DETRACTOR", "2,DETRACTOR", "3,PASSIVE", "4,LOYAL", "5,LOYAL"})
    void withoutNpsTheLatestCsatDecides(int csat, RelationshipState expected) {
        assertThat(RelationshipRules.derive(new FeedbackSummary(1, null, csat, Trend.UNKNOWN, 0, 0), UNRATED_VALUE))
                .isEqualTo(expected);
    }

    @Test
    void npsOutranksCsat() {
        assertThat(RelationshipRules.derive(new FeedbackSummary(1, 9, 1, Trend.UNKNOWN, 0, 0), UNRATED_VALUE))
                .isEqualTo(RelationshipState.ADVOCATE);
    }

    @Test
    void nothingToJudgeByIsUnrated() {
        assertThat(RelationshipRules.derive(new FeedbackSummary(0, null, null, Trend.UNKNOWN, 0, 2), UNRATED_VALUE))
                .isEqualTo(RelationshipState.UNRATED);
        assertThat(RelationshipRules.derive(new FeedbackSummary(2, null, null, Trend.UNKNOWN, 0, 0), UNRATED_VALUE))
                .as("responses without NPS or CSAT (CES only)").isEqualTo(RelationshipState.UNRATED);
    }
}
