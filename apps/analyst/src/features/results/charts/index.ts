import '../results.css';

export { BreakdownResults } from './BreakdownResults';
export { CrosstabResults } from './CrosstabResults';
export { DistributionResults } from './DistributionResults';
export {
  reasonsIn,
  type Breakdown,
  type CountCell,
  type Crosstab,
  type ItemStatistics,
  type QuestionMetrics,
  type SurveyStatistics,
} from './figures';
export { ItemResults } from './ItemResults';
export { MetricPicker } from './MetricPicker';
export { defaultMetric, type Metric } from './metrics';
export { NpsResults } from './NpsResults';
export { PopulationFacts } from './PopulationFacts';
export { StatisticsView } from './StatisticsView';
export { SuppressionNote } from './SuppressionNote';
export type { Dimension } from '../filters';
