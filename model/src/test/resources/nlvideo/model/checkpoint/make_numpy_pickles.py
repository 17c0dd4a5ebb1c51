# Writes the Caffe2-style numpy pickles read by Caffe2CheckpointReaderTest: caffe2_numpy2_* with
# numpy 2.x (numpy._core names), caffe2_numpy1_* with numpy 1.x (numpy.core; Debian's 1.24).
# Values are simple closed forms so that the Java test computes them independently.
import pickle
import numpy as np

blobs = {
    'conv1_w': (np.arange(36, dtype=np.float32).reshape(4, 3, 1, 1, 3) * 0.5 - 3.0),
    'res_conv1_bn_riv': np.arange(4, dtype=np.float64) + 0.25,
    'model_iter': np.array([7], dtype=np.int64),
    'fortran_w': np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
    'big_endian_b': np.arange(3, dtype='>f4'),
    'half_s': np.array([1.5, -2.25], dtype=np.float16),
}
for protocol in (2, 5):
    with open('caffe2_numpy%s_protocol%d.pkl' % (np.__version__.split('.')[0], protocol), 'wb') as f:
        pickle.dump({'blobs': blobs}, f, protocol=protocol)
