//! The operating system's random source (`getrandom`) as a `rand_core` generator, the
//! counterpart of Go's `crypto/rand.Reader`.

use rand_core::{CryptoRng, RngCore};

/// Reads from the operating system's random source.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRng;

impl RngCore for OsRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        // The OS source does not fail on supported platforms; should it ever, the
        // buffer is left as it was rather than aborting the render.
        let _ = getrandom::fill(dest);
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        getrandom::fill(dest).map_err(|e| {
            let code = std::num::NonZeroU32::new(e.raw_os_error().unwrap_or(1).unsigned_abs())
                .unwrap_or(std::num::NonZeroU32::MIN);
            rand_core::Error::from(code)
        })
    }
}

impl CryptoRng for OsRng {}

/// `n` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}
