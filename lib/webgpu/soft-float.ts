/**
 * IEEE-754 float32 arithmetic in WGSL integer operations, rounded to nearest-even, subnormals kept.
 *
 * Why not WGSL's own `f32` operations? WGSL promises correct rounding only for +, − and ×; `x / y`
 * may be 2.5 ULP off, `sqrt` about as much, subnormals may be flushed to zero, and a driver may fuse
 * a·b + c. TF 1.x's Adam (and our cpu and wasm backends) round every operation correctly, so a GPU
 * that trains bit for bit like them cannot use the hardware's division and square root. Integer
 * operations are exact on every GPU, so this code gives the same bits everywhere — and a test on
 * one adapter (even a software one) checks it for all of them.
 *
 * Each function takes and returns float32 bit patterns (`bitcast<u32>`). The algorithms are Berkeley
 * SoftFloat 3's (`f32_add`, `f32_mul`, `softfloat_roundPackToF32`, …) with its conventions: a
 * significand with its leading bit at bit 30 and 7 rounding bits below, and an exponent one less than
 * the biased one, so that packing adds the leading bit into the exponent. Division and square root
 * are computed digit by digit instead of with SoftFloat's 64-bit steps, since WGSL has no u64.
 * NaN results are the default quiet NaN (0x7fc00000), as JavaScript stores them.
 */
export const SOFT_FLOAT_WGSL = /* wgsl */ `
const SF_NAN: u32 = 0x7fc00000u;

fn sfExp(a: u32) -> i32 { return i32((a >> 23u) & 0xffu); }
fn sfFrac(a: u32) -> u32 { return a & 0x007fffffu; }
fn sfPack(sign: u32, e: i32, sig: u32) -> u32 { return (sign << 31u) + (u32(e) << 23u) + sig; }
fn sfInf(sign: u32) -> u32 { return sfPack(sign, 0xff, 0u); }

// Shifts right by dist ≥ 1, keeping in bit 0 whether any 1 was shifted out.
fn sfShiftRightJam(a: u32, dist: u32) -> u32 {
  if (dist < 31u) { return (a >> dist) | select(0u, 1u, (a << (32u - dist)) != 0u); }
  return select(0u, 1u, a != 0u);
}

// A subnormal's fraction as a normal significand [2^23, 2^24) and its exponent (x = sig · 2^(e − 150)).
fn sfNormalize(frac: u32) -> vec2<i32> {
  let shift = countLeadingZeros(frac) - 8u;
  return vec2<i32>(1 - i32(shift), i32(frac << shift));
}

// A finite non-zero float's exponent and significand in [2^23, 2^24): a = sig · 2^(e − 150).
fn sfUnpack(a: u32) -> vec2<i32> {
  if (sfExp(a) == 0) { return sfNormalize(sfFrac(a)); }
  return vec2<i32>(sfExp(a), i32(sfFrac(a) | 0x00800000u));
}

fn sfRoundPack(sign: u32, eIn: i32, sigIn: u32) -> u32 {
  var e = eIn;
  var sig = sigIn;
  var roundBits = sig & 0x7fu;
  if (u32(e) >= 0xfdu) {
    if (e < 0) {
      sig = sfShiftRightJam(sig, u32(-e));
      e = 0;
      roundBits = sig & 0x7fu;
    } else if (e > 0xfd || sig + 0x40u >= 0x80000000u) {
      return sfInf(sign);
    }
  }
  sig = (sig + 0x40u) >> 7u;
  if (roundBits == 0x40u) { sig = sig & ~1u; }
  if (sig == 0u) { e = 0; }
  return sfPack(sign, e, sig);
}

fn sfNormRoundPack(sign: u32, eIn: i32, sig: u32) -> u32 {
  let shift = countLeadingZeros(sig) - 1u;
  let e = eIn - i32(shift);
  if (shift >= 7u && u32(e) < 0xfdu) {
    return sfPack(sign, select(0, e, sig != 0u), sig << (shift - 7u));
  }
  return sfRoundPack(sign, e, sig << shift);
}

// |a| + |b| with the sign of a.
fn sfAddMags(a: u32, b: u32) -> u32 {
  let ea = sfExp(a);
  var sa = sfFrac(a);
  let eb = sfExp(b);
  var sb = sfFrac(b);
  let sign = a >> 31u;
  let diff = ea - eb;
  var ez: i32;
  var sz: u32;
  if (diff == 0) {
    if (ea == 0) { return a + sb; }
    if (ea == 0xff) { return select(a, SF_NAN, (sa | sb) != 0u); }
    ez = ea;
    sz = 0x01000000u + sa + sb;
    if ((sz & 1u) == 0u && ez < 0xfe) { return sfPack(sign, ez, sz >> 1u); }
    sz = sz << 6u;
  } else {
    sa = sa << 6u;
    sb = sb << 6u;
    if (diff < 0) {
      if (eb == 0xff) { return select(sfInf(sign), SF_NAN, sb != 0u); }
      ez = eb;
      sa = sfShiftRightJam(sa + select(sa, 0x20000000u, ea != 0), u32(-diff));
    } else {
      if (ea == 0xff) { return select(a, SF_NAN, sa != 0u); }
      ez = ea;
      sb = sfShiftRightJam(sb + select(sb, 0x20000000u, eb != 0), u32(diff));
    }
    sz = 0x20000000u + sa + sb;
    if (sz < 0x40000000u) {
      ez = ez - 1;
      sz = sz << 1u;
    }
  }
  return sfRoundPack(sign, ez, sz);
}

// |a| − |b| with the sign of a (the sign flips when |b| is larger).
fn sfSubMags(a: u32, b: u32) -> u32 {
  var ea = sfExp(a);
  let sa = sfFrac(a);
  let eb = sfExp(b);
  let sb = sfFrac(b);
  var sign = a >> 31u;
  let diff = ea - eb;
  if (diff == 0) {
    if (ea == 0xff) { return SF_NAN; }
    var d = i32(sa) - i32(sb);
    if (d == 0) { return 0u; }
    if (ea != 0) { ea = ea - 1; }
    if (d < 0) {
      sign = sign ^ 1u;
      d = -d;
    }
    var shift = countLeadingZeros(u32(d)) - 8u;
    var ez = ea - i32(shift);
    if (ez < 0) {
      shift = u32(ea);
      ez = 0;
    }
    return sfPack(sign, ez, u32(d) << shift);
  }
  let xa = sa << 7u;
  let xb = sb << 7u;
  if (diff < 0) {
    sign = sign ^ 1u;
    if (eb == 0xff) { return select(sfInf(sign), SF_NAN, sb != 0u); }
    let y = xa + select(xa, 0x40000000u, ea != 0);
    return sfNormRoundPack(sign, eb - 1, (xb | 0x40000000u) - sfShiftRightJam(y, u32(-diff)));
  }
  if (ea == 0xff) { return select(a, SF_NAN, sa != 0u); }
  let y = xb + select(xb, 0x40000000u, eb != 0);
  return sfNormRoundPack(sign, ea - 1, (xa | 0x40000000u) - sfShiftRightJam(y, u32(diff)));
}

fn sfAdd(a: u32, b: u32) -> u32 {
  if (((a ^ b) >> 31u) != 0u) { return sfSubMags(a, b); }
  return sfAddMags(a, b);
}

fn sfSub(a: u32, b: u32) -> u32 {
  if (((a ^ b) >> 31u) != 0u) { return sfAddMags(a, b); }
  return sfSubMags(a, b);
}

// The 64-bit product of two u32s as (high word, low word), from 16-bit halves.
fn sfMul64(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), (p00 & 0xffffu) | (mid << 16u));
}

fn sfMul(a: u32, b: u32) -> u32 {
  let sign = (a ^ b) >> 31u;
  let ea = sfExp(a);
  let eb = sfExp(b);
  let aZero = (a << 1u) == 0u;
  let bZero = (b << 1u) == 0u;
  if (ea == 0xff || eb == 0xff) {
    let nan = (ea == 0xff && sfFrac(a) != 0u) || (eb == 0xff && sfFrac(b) != 0u) || aZero || bZero;
    return select(sfInf(sign), SF_NAN, nan);
  }
  if (aZero || bZero) { return sign << 31u; }
  let ua = sfUnpack(a);
  let ub = sfUnpack(b);
  var ez = ua.x + ub.x - 0x7f;
  let p = sfMul64(u32(ua.y) << 7u, u32(ub.y) << 8u);
  var sz = p.x | select(0u, 1u, p.y != 0u);
  if (sz < 0x40000000u) {
    ez = ez - 1;
    sz = sz << 1u;
  }
  return sfRoundPack(sign, ez, sz);
}

fn sfDiv(a: u32, b: u32) -> u32 {
  let sign = (a ^ b) >> 31u;
  let aZero = (a << 1u) == 0u;
  if (sfExp(a) == 0xff) { return select(sfInf(sign), SF_NAN, sfFrac(a) != 0u || sfExp(b) == 0xff); }
  if (sfExp(b) == 0xff) { return select(sign << 31u, SF_NAN, sfFrac(b) != 0u); }
  if ((b << 1u) == 0u) { return select(sfInf(sign), SF_NAN, aZero); }
  if (aZero) { return sign << 31u; }
  let ua = sfUnpack(a);
  let ub = sfUnpack(b);
  var ez = ua.x - ub.x + 0x7e;
  var num = u32(ua.y);
  let den = u32(ub.y);
  if (num < den) {
    ez = ez - 1;
    num = num << 1u;
  }
  // 31 bits of num / den, which lies in [1, 2); the remainder decides the sticky bit.
  var q = 0u;
  for (var i = 0u; i < 31u; i = i + 1u) {
    q = q << 1u;
    if (num >= den) {
      num = num - den;
      q = q | 1u;
    }
    num = num << 1u;
  }
  return sfRoundPack(sign, ez, q | select(0u, 1u, num != 0u));
}

// Bit p of X = m · 2^shift.
fn sfBitOf(m: u32, shift: u32, p: u32) -> u32 {
  if (p < shift) { return 0u; }
  return (m >> (p - shift)) & 1u;
}

fn sfSqrt(a: u32) -> u32 {
  if (sfExp(a) == 0xff) { return select(a, SF_NAN, sfFrac(a) != 0u || (a >> 31u) != 0u); }
  if ((a << 1u) == 0u) { return a; }
  if ((a >> 31u) != 0u) { return SF_NAN; }
  let u = sfUnpack(a);
  let m = u32(u.y);
  // a = m · 2^k; X = m · 2^shift with k − shift even, so that √a = √X · 2^((k − shift) / 2) and √X has 26 bits.
  let k = u.x - 150;
  let shift = select(27u, 28u, (k & 1) == 0);
  var rem = 0u;
  var root = 0u;
  for (var i = 0u; i < 26u; i = i + 1u) {
    let p = 51u - 2u * i;
    rem = (rem << 2u) | (sfBitOf(m, shift, p) << 1u) | sfBitOf(m, shift, p - 1u);
    let trial = (root << 2u) | 1u;
    root = root << 1u;
    if (rem >= trial) {
      rem = rem - trial;
      root = root | 1u;
    }
  }
  return sfRoundPack(0u, (k - i32(shift)) / 2 + 151, (root << 5u) | select(0u, 1u, rem != 0u));
}
`;
