//! Fuzz target: see `concord_fuzz::citation`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::citation(data));

#[cfg(not(fuzzing))]
fn main() {
    concord_fuzz::plain::main("citation", concord_fuzz::citation);
}
