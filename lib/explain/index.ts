/**
 * Interpretability: global explanations (top n-grams per class from a linear model's weights,
 * permutation importance for any model on tabular rows) and local ones (occlusion: what each
 * token of one text contributes), with an HTML highlighter for notebooks.
 * @packageDocumentation
 */
export * from "./coefficients";
export * from "./permutation-importance";
export * from "./occlusion";
export * from "./highlight";
