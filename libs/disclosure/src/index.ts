export { suppressOneWay, suppressTwoWay } from './tables';
export { assertProtected, describePosition, recoverableCells, suppressedBounds } from './check';
export type {
  AttackerKnowledge,
  CheckOptions,
  OneWayForced,
  OneWayInput,
  OneWayPosition,
  OneWayResult,
  Suppression,
  SuppressionReason,
  TwoWayForced,
  TwoWayInput,
  TwoWayPosition,
  TwoWayResult,
  ValueBounds,
} from './types';
