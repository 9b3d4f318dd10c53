//! Fresh identifiers and random-looking bytes for quotes, swaps and deposit addresses.
//! A SHA-256 counter stream seeded once at start, so no request can fail on entropy.

use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};

/// A stream of unpredictable 32-byte blocks: `SHA-256(seed ‖ counter)`.
pub(crate) struct IdSource {
    seed: [u8; 32],
    counter: AtomicU64,
}

impl IdSource {
    /// A stream seeded from the operating system's generator.
    pub(crate) fn from_os() -> std::io::Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(std::io::Error::other)?;
        Ok(IdSource {
            seed,
            counter: AtomicU64::new(0),
        })
    }

    /// The next 32 bytes of the stream; never the same twice.
    pub(crate) fn bytes(&self) -> [u8; 32] {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let digest = Sha256::new()
            .chain_update(self.seed)
            .chain_update(n.to_be_bytes())
            .finalize();
        let mut out = [0u8; 32];
        out.copy_from_slice(digest.as_slice());
        out
    }

    /// A random UUID-shaped id (8-4-4-4-12 lowercase hex).
    pub(crate) fn uuid(&self) -> String {
        let b = self.bytes();
        let hex: String = b[..16].iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// `len` characters drawn from `alphabet` (at most 32 per call's worth of entropy
    /// per block; longer strings draw more blocks).
    pub(crate) fn string(&self, alphabet: &[u8], len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            for b in self.bytes() {
                if out.len() == len {
                    break;
                }
                out.push(char::from(alphabet[usize::from(b) % alphabet.len()]));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_do_not_repeat() {
        let ids = IdSource::from_os().unwrap();
        let a = ids.uuid();
        let b = ids.uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(ids.string(b"ab", 70).len(), 70);
    }
}
