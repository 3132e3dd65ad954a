# ASan + UBSan for CPU targets; CUDA targets are left out (ServesimCuda.cmake switches them off).
if(SERVESIM_SANITIZE)
  foreach(flag -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_compile_options($<$<COMPILE_LANGUAGE:CXX>:${flag}>)
    add_link_options(${flag})
  endforeach()
endif()
