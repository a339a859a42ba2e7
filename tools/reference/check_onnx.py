"""Checks ONNX files Kiln wrote with ONNX's own checker (Debian package python3-onnx, 1.12 here).

Usage: KILN_ONNX_OUT=/tmp/kiln-onnx ./mvnw test -pl onnx -am -Dtest=OnnxExportTest -Dsurefire.failIfNoSpecifiedTests=false
       python3 tools/reference/check_onnx.py /tmp/kiln-onnx/*.onnx
Each file must pass onnx.checker.check_model with full_check (which also infers every shape); prints each
file's IR version, opset and operators.
"""
import sys

import onnx


def main():
    for path in sys.argv[1:]:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        ops = sorted({n.op_type for n in model.graph.node})
        opset = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
        print(f"ok {path}: IR {model.ir_version}, opset {opset}, operators {' '.join(ops)}")


if __name__ == "__main__":
    main()
