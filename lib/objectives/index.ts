/**
 * Stakeholder objectives: candidate models scored on accuracy, latency, cost and size; Pareto
 * fronts; choices under a latency or cost budget; each stakeholder's pick (DMLS ch. 1); and the
 * "should this be ML at all?" checklist.
 * @packageDocumentation
 */
export * from "./cost";
export * from "./candidate";
export * from "./pareto";
export * from "./budget";
export * from "./stakeholders";
export * from "./when-to-use-ml";
