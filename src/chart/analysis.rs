//! Charts of analyses that need more than one run: scenarios compared, the tornado, and the
//! Monte Carlo fan chart and NPV histogram. Same descriptions as every other chart, so the
//! window and the exporters draw them alike.
