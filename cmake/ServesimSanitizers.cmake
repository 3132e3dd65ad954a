# ASan + UBSan for CPU targets; CUDA targets are left out (ServesimCuda.cmake switches them off).
if(SERVESIM_SANITIZE)
  set(SERVESIM_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
                               -fno-sanitize-recover=all)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:${SERVESIM_SANITIZER_FLAGS}>)
  add_link_options(${SERVESIM_SANITIZER_FLAGS})
endif()
