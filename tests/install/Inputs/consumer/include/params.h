/* The model's constant: changing it must remake model_grad.c. */
#define SCALE 2.0
