export { suppressOneWay, suppressTwoWay } from './tables';
export { FlowSystem, unknownsThatMove, type FlowValue } from './flow-check';
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
