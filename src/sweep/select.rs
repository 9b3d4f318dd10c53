//! Which pairs the sweep quotes (`--sample N --seed S`: a seeded draw, the same for the same
//! list and seed) and which of those it also swaps (`--sweep-swaps N`: drawn among the pairs
//! whose two currencies have an address in the profile).

use super::listing::ListedPair;
use crate::profile::SweepAddress;
use std::collections::BTreeMap;

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator whose output is the
/// same on every platform, so a seed names one draw forever.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.next();
            if v < zone {
                return (v % n) as usize;
            }
        }
    }
}

/// `k` distinct indices of `0..n` drawn with `seed`, in increasing order (all of them when
/// `k ≥ n`).
pub(crate) fn draw(n: usize, k: usize, seed: u64) -> Vec<usize> {
    if k >= n {
        return (0..n).collect();
    }
    // A partial Fisher–Yates shuffle over a sparse map: memory in k, not n.
    let mut rng = SplitMix64(seed);
    let mut moved: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut picked = Vec::with_capacity(k);
    for i in 0..k {
        let j = i + rng.below(n - i);
        let at_j = *moved.get(&j).unwrap_or(&j);
        let at_i = *moved.get(&i).unwrap_or(&i);
        moved.insert(j, at_i);
        picked.push(at_j);
    }
    picked.sort_unstable();
    picked
}

/// The pairs to quote: every pair, or a sample of `sample` drawn with `seed`.
pub(crate) fn sweep_pairs(all: Vec<ListedPair>, sample: Option<u64>, seed: u64) -> Vec<ListedPair> {
    let Some(k) = sample else { return all };
    let k = usize::try_from(k).unwrap_or(usize::MAX);
    let keep = draw(all.len(), k, seed);
    let mut keep = keep.into_iter().peekable();
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| keep.next_if_eq(i).is_some())
        .map(|(_, p)| p)
        .collect()
}

/// The indices (into `pairs`) of the pairs to swap: `n` drawn with `seed` among those whose
/// currencies both have an address.
pub(crate) fn swap_pairs(
    pairs: &[ListedPair],
    addresses: &BTreeMap<String, SweepAddress>,
    n: u64,
    seed: u64,
) -> Vec<usize> {
    let swappable: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| addresses.contains_key(&p.from) && addresses.contains_key(&p.to))
        .map(|(i, _)| i)
        .collect();
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    // Another stream than the sample's, so the swaps are not simply its first pairs.
    draw(swappable.len(), n, seed ^ 0x5357_4150)
        .into_iter()
        .map(|i| swappable[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plain_decimal::PlainDecimal;

    fn pair(i: usize) -> ListedPair {
        ListedPair {
            from: format!("c{i}"),
            to: format!("c{}", i + 1),
            methods: vec!["fixed".into()],
            min: PlainDecimal::parse("1").unwrap(),
            max: PlainDecimal::parse("2").unwrap(),
        }
    }

    #[test]
    fn a_seed_names_one_draw() {
        let a = draw(10_000, 50, 7);
        assert_eq!(a, draw(10_000, 50, 7));
        assert_ne!(a, draw(10_000, 50, 8));
        assert_eq!(a.len(), 50);
        assert!(a.windows(2).all(|w| w[0] < w[1]), "distinct, sorted");
        assert!(a.iter().all(|&i| i < 10_000));
        assert_eq!(draw(3, 5, 1), [0, 1, 2]);
        // The same figures on every platform: SplitMix64's first output for seed 0.
        assert_eq!(SplitMix64(0).next(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn a_draw_is_spread_over_the_list() {
        let a = draw(1000, 500, 3);
        let low = a.iter().filter(|&&i| i < 500).count();
        assert!((200..300).contains(&low), "{low} of 500 in the first half");
    }

    #[test]
    fn the_sample_keeps_list_order_and_the_swaps_need_addresses() {
        let all: Vec<ListedPair> = (0..20).map(pair).collect();
        let s = sweep_pairs(all.clone(), Some(5), 1);
        assert_eq!(s.len(), 5);
        assert_eq!(sweep_pairs(all.clone(), None, 1), all);
        let address = SweepAddress {
            address: "a".into(),
            extra_id: None,
            ticker: "T".into(),
            decimals: 8,
        };
        let addresses: BTreeMap<String, SweepAddress> = ["c3", "c4", "c5"]
            .iter()
            .map(|c| (c.to_string(), address.clone()))
            .collect();
        let swaps = swap_pairs(&all, &addresses, 5, 1);
        assert_eq!(swaps, [3, 4], "c3→c4 and c4→c5 only");
        assert_eq!(swap_pairs(&all, &addresses, 1, 1).len(), 1);
    }
}
