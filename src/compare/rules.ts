import { COMMON_UNITS, UNIT_RULES } from "../catalog/price.js";
import { LEADERBOARD_LIMITS, LEADERBOARD_TIE_POINTS, ORDERING_RULE } from "../leaderboards/leaderboard.js";
import { LEAD_MARGIN, TIE_MARGIN } from "../rank/methodology.js";
import {
  EVIDENCE_LEAD,
  OPEN_SOURCE_LICENCE,
  OPEN_WEIGHTS_LICENCE,
  PRICE_LEAD,
  PURPOSE_NODES,
  SUBSTITUTE_MIN_OVERLAP,
  SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS,
} from "./profile.js";

/**
 * The rules that turn scores into decisions: list order, verdict claims and price units.
 * Served beside the scoring methodology (/api/v1/methodology, `decisions`) and rendered on
 * /methodology, so every constant a verdict or a leaderboard uses is published.
 */
export function decisionRulesDocument() {
  return {
    ordering: { rule: ORDERING_RULE, tiePoints: LEADERBOARD_TIE_POINTS, limits: LEADERBOARD_LIMITS },
    verdict: {
      substituteMinOverlap: SUBSTITUTE_MIN_OVERLAP,
      substituteMinOverlapAcrossKinds: SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS,
      purposeNodes: PURPOSE_NODES,
      priceLead: PRICE_LEAD,
      evidenceLead: EVIDENCE_LEAD,
      leadMargin: LEAD_MARGIN,
      tieMargin: TIE_MARGIN,
      openSourceLicence: OPEN_SOURCE_LICENCE.source,
      openWeightsLicence: OPEN_WEIGHTS_LICENCE.source,
    },
    prices: { commonUnits: COMMON_UNITS, units: UNIT_RULES },
  };
}
