# Writes the .npy files read by NpyTest (python3 + numpy). Values are closed forms
# (arange-based) so that the Java test computes them independently.
import numpy as np
from numpy.lib import format as npf

a = (np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4) * 0.25 - 1.5)
np.save('f32_v1.npy', a)
with open('f32_v2.npy', 'wb') as f:
    npf.write_array(f, a, version=(2, 0))
np.save('f32_scalar.npy', np.float32(3.5))
np.save('f64.npy', a.astype(np.float64))
np.save('f32_fortran.npy', np.asfortranarray(a))
np.save('f32_big_endian.npy', a.astype('>f4'))
