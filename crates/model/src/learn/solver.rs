//! L2-regularised logistic regression for one yes/no label, trained by dual coordinate
//! descent (Yu, Huang and Lin, "Dual coordinate descent methods for logistic regression
//! and maximum entropy models", 2011; the method of LIBLINEAR and of scikit-learn's
//! `LogisticRegression(solver="liblinear", dual=True)`). Sparse rows, a few passes, no
//! learning rate to tune: training a label on 5,000 comments takes milliseconds.

use super::features::SparseVector;

/// A trained label: a weight per column and a bias.
#[derive(Debug, Clone, Default)]
pub struct Linear {
    pub weights: Vec<f32>,
    pub bias: f32,
}

impl Linear {
    /// The decision value (log-odds) of a row whose features are column numbers.
    pub fn score(&self, row: &SparseVector) -> f32 {
        self.bias
            + row
                .iter()
                .map(|(column, value)| self.weights[*column as usize] * value)
                .sum::<f32>()
    }
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Inverse regularisation strength: larger fits the training data more closely.
    pub cost: f64,
    /// Passes over the data at most.
    pub passes: usize,
    /// Positive examples weigh this much more than negative ones (rare labels).
    pub positive_weight: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            cost: 10.0,
            passes: 30,
            positive_weight: 1.0,
        }
    }
}

/// The bias is learned as the weight of a feature that is 1 in every row.
const BIAS_FEATURE: f64 = 1.0;

/// A small deterministic shuffle (xorshift), so training and fold splits repeat.
pub(crate) fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

/// Solves the one-variable sub-problem of coordinate `alpha` (with `C - alpha` its
/// complement) by Newton's method, as LIBLINEAR's `solve_l2r_lr_dual` does.
fn newton_step(a: f64, b: f64, cost: f64, alpha: f64) -> f64 {
    let mut z = alpha;
    if cost - z < 0.5 * cost {
        z *= 0.1;
    }
    let gradient = |z: f64| a * (z - alpha) + b + (z / (cost - z)).ln();
    let mut g = gradient(z);
    for _ in 0..100 {
        if g.abs() < 1e-2 {
            break;
        }
        let second = a + cost / ((cost - z) * z);
        let next = z - g / second;
        z = if next <= 0.0 { z * 0.1 } else { next };
        g = gradient(z);
    }
    z
}

/// Trains one label: `labels[i]` says whether row `i` carries it; the rows' features
/// are column numbers below `columns`.
pub fn train(rows: &[SparseVector], labels: &[bool], columns: usize, settings: Settings) -> Linear {
    debug_assert_eq!(rows.len(), labels.len());
    let mut weights: Vec<f64> = vec![0.0; columns];
    let mut bias = 0.0f64;
    let costs: Vec<f64> = labels
        .iter()
        .map(|&yes| {
            if yes {
                settings.cost * settings.positive_weight
            } else {
                settings.cost
            }
        })
        .collect();
    // alpha[i] and cost - alpha[i] are both kept away from 0
    let mut alpha: Vec<f64> = costs.iter().map(|c| (0.001 * c).min(1e-8)).collect();
    let squared: Vec<f64> = rows
        .iter()
        .map(|row| {
            row.iter().map(|(_, v)| f64::from(*v).powi(2)).sum::<f64>() + BIAS_FEATURE.powi(2)
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let step = sign(labels[i]) * alpha[i];
        add(&mut weights, &mut bias, row, step);
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..settings.passes {
        shuffle(&mut order, &mut seed);
        let mut largest_change = 0.0f64;
        for &i in &order {
            let y = sign(labels[i]);
            let margin = y * (bias * BIAS_FEATURE + dot(&weights, &rows[i]));
            let cost = costs[i];
            // update whichever of alpha and its complement the gradient points at
            let (current, direction) = if 0.5 * squared[i] * (cost - 2.0 * alpha[i]) + margin < 0.0
            {
                (cost - alpha[i], -1.0)
            } else {
                (alpha[i], 1.0)
            };
            let next = newton_step(squared[i], direction * margin, cost, current);
            let change = next - current;
            if change == 0.0 {
                continue;
            }
            alpha[i] = if direction > 0.0 { next } else { cost - next };
            largest_change = largest_change.max(change.abs());
            add(&mut weights, &mut bias, &rows[i], direction * change * y);
        }
        if largest_change < 1e-3 {
            break;
        }
    }
    Linear {
        weights: weights.into_iter().map(|w| w as f32).collect(),
        bias: (bias * BIAS_FEATURE) as f32,
    }
}

fn sign(yes: bool) -> f64 {
    if yes {
        1.0
    } else {
        -1.0
    }
}

fn dot(weights: &[f64], row: &SparseVector) -> f64 {
    row.iter()
        .map(|(column, value)| weights[*column as usize] * f64::from(*value))
        .sum()
}

fn add(weights: &mut [f64], bias: &mut f64, row: &SparseVector, step: f64) {
    for (column, value) in row {
        weights[*column as usize] += step * f64::from(*value);
    }
    *bias += step * BIAS_FEATURE;
}

/// The logistic function: log-odds to a probability.
pub fn sigmoid(score: f32) -> f32 {
    1.0 / (1.0 + (-score).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_a_separable_label() {
        // feature 1 means yes, feature 2 means no
        let rows: Vec<SparseVector> = (0..40)
            .map(|i| vec![(if i % 2 == 0 { 1 } else { 2 }, 1.0), (3, 0.5)])
            .collect();
        let labels: Vec<bool> = (0..40).map(|i| i % 2 == 0).collect();
        let model = train(&rows, &labels, 4, Settings::default());
        assert!(sigmoid(model.score(&vec![(1, 1.0)])) > 0.9);
        assert!(sigmoid(model.score(&vec![(2, 1.0)])) < 0.1);
    }
}
